package org.corral.conf.wire;

/**
 * Bounds on what the reader accepts, so a hostile or broken file costs bounded memory and time.
 * A real cluster.conf is a few kilobytes with a depth under ten; the defaults leave wide room.
 */
public record XmlLimits(int fileSizeMax, int depthMax, int elementsMax, int attributesPerElementMax,
                        int attributeValueLengthMax, int nameLengthMax) {

    public static final XmlLimits DEFAULT = new XmlLimits(1 << 20, 64, 20_000, 128, 4096, 128);

    public XmlLimits {
        if (fileSizeMax <= 0 || depthMax <= 0 || elementsMax <= 0 || attributesPerElementMax <= 0
                || attributeValueLengthMax <= 0 || nameLengthMax <= 0) {
            throw new IllegalArgumentException("every XML limit must be positive");
        }
    }
}
