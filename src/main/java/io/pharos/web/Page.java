package io.pharos.web;

/**
 * What every page's frame shows: its title, who is signed in (null for the implied local owner, who needs
 * no sign-in) and the CSRF token its forms send back (null when the caller has no session).
 */
public record Page(String title, String signedInAs, String csrf) {}
