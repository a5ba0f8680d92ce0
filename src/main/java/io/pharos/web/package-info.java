/**
 * The web pages, served by the same server at {@code /}: search, a resource's page, sign-in and sign-out.
 * Server-rendered from jte templates ({@code src/main/jte}, compiled to Java at build time, every value
 * HTML-escaped for its context), readable without JavaScript; the same services and access rules as the API.
 */
package io.pharos.web;
