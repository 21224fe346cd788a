package org.corral.conf.core;

/**
 * Where something is in a configuration file: the file name as the user gave it, a 1-based line and
 * a 1-based column (0 when unknown). Every finding carries one so that an error names file:line:col.
 */
public record Location(String file, int line, int column) {
    public Location {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    /** A location for something that has no place in a file (for example a derived default). */
    public static Location nowhere(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line == 0) {
            return file;
        }
        return column == 0 ? file + ":" + line : file + ":" + line + ":" + column;
    }
}
