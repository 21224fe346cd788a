package org.corral.quorum.qdisk;

/** A decode result: the value, or why the bytes were refused. Decoding never throws. */
public sealed interface Decoded<T> {
    record Ok<T>(T value) implements Decoded<T> {}

    record Invalid<T>(String reason) implements Decoded<T> {}
}
