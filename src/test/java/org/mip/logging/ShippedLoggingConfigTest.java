package org.mip.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The shipped logback.xml (not the tests' logback-test.xml) keeps quiet the libraries that print raw
 * file names or object keys, which often carry patient names, in their warnings.
 */
class ShippedLoggingConfigTest {

    private static LoggerContext shipped() throws Exception {
        URL config = ShippedLoggingConfigTest.class.getResource("/logback.xml");
        assertNotNull(config, "logback.xml on the class path");
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        return context;
    }

    @Test
    void theEmbeddedS3ServersJettyDoesNotLogRequestPaths() throws Exception {
        // its exception WARN reads "handleException /raw/<object key> ..."
        assertEquals(Level.ERROR, shipped().getLogger("org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletChannel")
                .getEffectiveLevel());
    }

    @Test
    void theSftpConsumersRollbackWarningWithTheFileNameIsOff() throws Exception {
        assertEquals(Level.ERROR, shipped().getLogger("org.apache.camel.component.file.GenericFileOnCompletion")
                .getEffectiveLevel());
    }

    @Test
    void thePipelinesOwnLinesStillShow() throws Exception {
        assertEquals(Level.INFO, shipped().getLogger("org.mip.app.PipelineApplication").getEffectiveLevel());
    }
}
