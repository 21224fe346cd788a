package org.corral.cpg.client;

/** What {@link CpgClient#dispatch} runs; never blocks (a caller's event loop waits on readiness). */
public enum DispatchMode {
    /** At most one callback (CS_DISPATCH_ONE_NONBLOCKING). */
    ONE,
    /** Every callback already received (CS_DISPATCH_ALL). */
    ALL
}
