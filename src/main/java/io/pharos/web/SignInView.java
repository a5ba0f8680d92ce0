package io.pharos.web;

/** The sign-in page; {@code problem}: why the last attempt failed, or null. */
public record SignInView(Page page, String problem) {}
