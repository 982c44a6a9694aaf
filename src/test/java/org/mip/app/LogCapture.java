package org.mip.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Everything the process logs while open: every logback event at the configured levels (message,
 * logger, thread, MDC, exceptions with their messages, causes and stack frames), and whatever is
 * written straight to System.out and System.err. The PHI tests search it for planted strings.
 */
public final class LogCapture implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final AppenderBase<ILoggingEvent> appender;
    private final Logger root;
    private final PrintStream out;
    private final PrintStream err;
    private final ByteArrayOutputStream direct = new ByteArrayOutputStream();

    public LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        // what production logs (src/main/resources/logback.xml, INFO), not the quieter test configuration
        configure(ctx, "/logback.xml");
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                StringBuilder b = new StringBuilder();
                b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" [").append(e.getThreadName())
                        .append("] ").append(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
                for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    b.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
                    for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                        b.append("\n    ").append(s.getSTEAsString());
                    }
                    for (IThrowableProxy s : t.getSuppressed()) {
                        b.append("\n  suppressed ").append(s.getClassName()).append(": ").append(s.getMessage());
                    }
                }
                text.append(b).append('\n');
            }
        };
        appender.setContext(ctx);
        appender.setName("phi-capture");
        appender.start();
        root.addAppender(appender);
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Tee(out, direct), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, direct), true, StandardCharsets.UTF_8));
    }

    /** All captured text so far. */
    public String text() {
        synchronized (direct) {
            return text + "\n" + direct.toString(StandardCharsets.UTF_8);
        }
    }

    /** Number of logback events captured (a sanity check that capture works). */
    public int lines() {
        return text.toString().split("\n").length;
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        root.detachAppender(appender);
        appender.stop();
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), "/logback-test.xml");
    }

    private static void configure(LoggerContext ctx, String resource) {
        java.net.URL url = LogCapture.class.getResource(resource);
        if (url == null) {
            return;
        }
        ctx.reset();
        ch.qos.logback.classic.joran.JoranConfigurator c = new ch.qos.logback.classic.joran.JoranConfigurator();
        c.setContext(ctx);
        try {
            c.doConfigure(url);
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new IllegalStateException("cannot configure logback from " + resource, e);
        }
    }

    private final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (direct) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (direct) {
                b.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}
