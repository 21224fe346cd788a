package org.corral.conf.wire;

import org.corral.conf.core.Location;

/**
 * The document could not be read as cluster.conf XML: not well-formed, not UTF-8, over a limit, or
 * using a DTD. The message is one line meant for the user; the location says where.
 */
public final class XmlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Location location;

    public XmlSyntaxException(Location location, String message) {
        super(message, null, false, false);
        this.location = location;
    }

    public Location location() {
        return location;
    }

    /** "file:line:col: parser error : message", the shape libxml2 used for syntax errors. */
    public String oneLine() {
        return location + ": parser error : " + getMessage();
    }
}
