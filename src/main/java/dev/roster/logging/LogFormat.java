package dev.roster.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How log lines are written: {@code text} (logback.xml's pattern, the default) or {@code json}: one JSON
 * object per line through Logback's own {@link JsonEncoder}, with {@code timestamp} (epoch ms),
 * {@code level}, {@code threadName}, {@code loggerName}, {@code formattedMessage}, {@code throwable}, and
 * the event's key-value pairs in {@code kvpList}: the access line is made of them alone ({@code request_id},
 * {@code action}, {@code status}, ...; its message is empty), and the text pattern prints them too.
 */
public enum LogFormat {
    TEXT,
    JSON;

    /** The name given on the command line, in any case. */
    public static LogFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--log-format must be 'text' or 'json', got '" + name + "'");
        };
    }

    /** Makes the console appender of logback.xml ({@code STDERR}) write in this format from now on. */
    public void apply() {
        if (this == TEXT) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> console = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        if (!(console instanceof OutputStreamAppender<ILoggingEvent> stream)) {
            return; // a test's or an operator's own logback configuration: left as it is
        }
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMDC(false);
        json.setWithMarkers(false);
        json.setWithArguments(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        json.start();
        stream.stop();
        stream.setEncoder(json);
        stream.start();
    }
}
