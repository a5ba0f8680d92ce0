/**
 * The web pages, served by the same server at {@code /}: search, a resource's page (annotate, edit its
 * metadata with the version check, delete, add to a collection), collections, API keys, sign-in and
 * sign-out. Server-rendered from jte templates ({@code src/main/jte}, compiled to Java at build time, every
 * value HTML-escaped for its context), readable and usable without JavaScript; the same services and
 * access rules as the API. Form errors are said on the page; every state-changing form sends a CSRF token.
 */
package io.pharos.web;
