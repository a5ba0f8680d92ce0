package io.pharos.http;

import io.javalin.security.RouteRole;

/**
 * Marks a route of the web pages that takes an HTML form ({@code application/x-www-form-urlencoded})
 * instead of JSON ({@link JsonContentType}). Such a route must check the form's CSRF token itself.
 */
public enum FormBody implements RouteRole {
    FORM;

    static final String TYPE = "application/x-www-form-urlencoded";
}
