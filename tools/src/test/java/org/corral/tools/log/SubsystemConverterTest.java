package org.corral.tools.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SubsystemConverterTest {
    @Test
    void subsystemLoggersKeepTheirNamePaddedToSix() {
        assertEquals("TOTEM ", SubsystemConverter.tagOf("TOTEM"));
        assertEquals("CPG   ", SubsystemConverter.tagOf("cpg"));
        assertEquals("QUORUM", SubsystemConverter.tagOf("QUORUM"));
    }

    @Test
    void classLoggersTakeTheirModuleAsTag() {
        assertEquals("TOTEM ", SubsystemConverter.tagOf("org.corral.totem.core.TotemProcessor"));
        assertEquals("FENCED", SubsystemConverter.tagOf("org.corral.fenced.core.Domain"));
        assertEquals("MAIN  ", SubsystemConverter.tagOf("org.corral.tools.Corrald"));
        assertEquals("MAIN  ", SubsystemConverter.tagOf("io.netty.channel.Bootstrap"));
        assertEquals("MAIN  ", SubsystemConverter.tagOf(""));
    }
}
