package org.mip.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while open, for the tests that prove no PHI or credential is ever logged: each
 * logback event (level, logger, thread, message, MDC, exceptions with their messages, causes,
 * suppressed ones and stack frames). Two ways: {@link #asInProduction()} logs with the shipped
 * configuration (src/main/resources/logback.xml) and also captures System.out and System.err;
 * {@link #atDebug} keeps the test configuration and turns the named loggers up to DEBUG.
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream direct = new ByteArrayOutputStream();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final boolean production;
    private final AppenderBase<ILoggingEvent> appender;
    private PrintStream out;
    private PrintStream err;

    private LogCapture(boolean production) {
        this.production = production;
        if (production) {
            configure("/logback.xml"); // what production logs (INFO), not the quieter test configuration
        }
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                String line = format(e);
                synchronized (events) {
                    events.add(line);
                }
            }
        };
        appender.setContext(ctx);
        appender.setName("log-capture");
        appender.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** The shipped logging configuration, and whatever is written straight to System.out and System.err. */
    public static LogCapture asInProduction() {
        LogCapture c = new LogCapture(true);
        c.out = System.out;
        c.err = System.err;
        System.setOut(new PrintStream(c.new Tee(c.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(c.new Tee(c.err), true, StandardCharsets.UTF_8));
        return c;
    }

    /** The test configuration with {@code loggers} (e.g. "org.apache.camel", "org.mip") at DEBUG. */
    public static LogCapture atDebug(String... loggers) {
        LogCapture c = new LogCapture(false);
        for (String name : loggers) {
            Logger l = c.ctx.getLogger(name);
            c.previousLevels.put(name, l.getLevel());
            l.setLevel(Level.DEBUG);
        }
        return c;
    }

    /** Every event so far, one string each (an exception's lines included). */
    public List<String> lines() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events holding any of {@code secrets}. */
    public List<String> linesWith(List<String> secrets) {
        return lines().stream().filter(l -> secrets.stream().anyMatch(l::contains)).toList();
    }

    /** All captured text: the events, then what was written to System.out and System.err. */
    public String text() {
        String logged = String.join("\n", lines());
        synchronized (direct) {
            return logged + "\n" + direct.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            System.setOut(out);
            System.setErr(err);
        }
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        previousLevels.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
        if (production) {
            configure("/logback-test.xml");
        }
    }

    private static String format(ILoggingEvent e) {
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
        return b.toString();
    }

    private void configure(String resource) {
        URL url = LogCapture.class.getResource(resource);
        if (url == null) {
            return;
        }
        ctx.reset();
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(ctx);
        try {
            c.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logback from " + resource, e);
        }
    }

    /** Writes to the real stream and to the capture. */
    private final class Tee extends OutputStream {
        private final OutputStream real;

        Tee(OutputStream real) {
            this.real = real;
        }

        @Override
        public void write(int c) throws IOException {
            real.write(c);
            synchronized (direct) {
                direct.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            real.write(buf, off, len);
            synchronized (direct) {
                direct.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            real.flush();
        }
    }
}
