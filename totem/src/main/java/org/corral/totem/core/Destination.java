package org.corral.totem.core;

/** Where a {@link Send} goes on its ring: every node the ring reaches, or one node. */
public sealed interface Destination {
    /** Multicast (or, with udpu, a copy to every configured node). */
    record ToAll() implements Destination {}

    /** Unicast to one node (the token to the next member, the commit token). */
    record ToNode(NodeId target) implements Destination {}

    Destination ALL = new ToAll();

    static Destination to(NodeId target) {
        return new ToNode(target);
    }
}
