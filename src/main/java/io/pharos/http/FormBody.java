package io.pharos.http;

import io.javalin.security.RouteRole;

/**
 * Marks a route of the web pages that takes an HTML form ({@code application/x-www-form-urlencoded}, or
 * {@code multipart/form-data} for an upload) instead of JSON ({@link JsonContentType}). Such a route must check the form's CSRF token itself.
 */
public enum FormBody implements RouteRole {
    FORM("application/x-www-form-urlencoded"),
    /** A form that uploads files ({@code multipart/form-data}): the web import page. */
    UPLOAD("multipart/form-data");

    final String type;

    FormBody(String type) {
        this.type = type;
    }
}
