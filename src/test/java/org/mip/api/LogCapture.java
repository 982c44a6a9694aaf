package org.mip.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Captures every log event (Camel and ours at DEBUG) to prove no credential is ever logged. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Level> previous = new java.util.HashMap<>();

    static LogCapture start(String... debugLoggers) {
        LogCapture c = new LogCapture();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        c.setContext(ctx);
        c.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(c);
        for (String name : debugLoggers) {
            Logger l = ctx.getLogger(name);
            c.previous.put(name, l.getLevel());
            l.setLevel(Level.DEBUG);
        }
        return c;
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        e.getMDCPropertyMap().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        lines.add(b.toString());
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines holding any of {@code secrets}. */
    synchronized List<String> linesWith(List<String> secrets) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            for (String s : secrets) {
                if (l.contains(s)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        previous.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
        stop();
    }
}
