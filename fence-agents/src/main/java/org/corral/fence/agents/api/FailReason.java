package org.corral.fence.agents.api;

/**
 * Why an agent failed. These select the message (the reference library's EC_* codes); the process
 * exit status is 1 for all of them.
 */
public enum FailReason {
    GENERIC("Failed"),
    BAD_ARGS("Failed: Invalid arguments"),
    LOGIN_DENIED("Unable to connect/login to fencing device"),
    CONNECTION_LOST("Connection lost"),
    TIMED_OUT("Connection timed out"),
    WAITING_ON("Failed: Timed out waiting to power ON"),
    WAITING_OFF("Failed: Timed out waiting to power OFF"),
    STATUS("Failed: Unable to obtain correct plug status or plug is not available"),
    PASSWORD_MISSING("Failed: You have to set login password"),
    INVALID_PRIVILEGES("Failed: The user does not have the correct privileges to do the requested action.");

    private final String message;

    FailReason(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
