package io.pharos.common;

import java.util.regex.Pattern;

/** Masks credentials in any text that may reach a log, a report, an error or a response. */
public final class Secrets {
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/@\\s]*):\\S*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|sslpassword|pass|pwd)=[^&;\\s]*");

    private Secrets() {}

    public static String mask(String text) {
        if (text == null) return null;
        String masked = URL_USERINFO.matcher(text).replaceAll("$1:***@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1=***");
    }
}
