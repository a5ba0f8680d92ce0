package io.pharos.auth;

/**
 * A browser asked for a web page without a valid session: the web pages answer it with a redirect to the
 * sign-in page (an API client gets 401 instead, from {@link io.pharos.common.UnauthorizedException}).
 */
public final class SignInRequiredException extends RuntimeException {
    SignInRequiredException() {
        super("sign in with an API key", null, false, false);
    }
}
