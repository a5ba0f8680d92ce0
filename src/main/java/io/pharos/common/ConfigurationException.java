package io.pharos.common;

/** A setting is wrong or the environment cannot support it. Names the setting and, where useful, an example. */
public final class ConfigurationException extends PharosException {
    private final String setting;

    public ConfigurationException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    public ConfigurationException(String setting, String message, Throwable cause) {
        super(setting + ": " + message, cause);
        this.setting = setting;
    }

    @Override public String field() { return setting; }
}
