package io.pharos.web;

/** A page that only says something: a missing resource, a collection the caller may not see. */
public record MessageView(Page page, String heading, String message) {}
