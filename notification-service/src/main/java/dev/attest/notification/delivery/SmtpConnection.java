package dev.attest.notification.delivery;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Date;
import java.util.Map;

/**
 * One SMTP connection to the relay, kept open from mail to mail. Spring's sender connects, greets and
 * quits for every mail, which cost the sender and the relay more than the mail itself. A kept connection
 * is checked before each mail (RSET or NOOP) and replaced when the relay has closed it; after a minute
 * without mail it is not trusted and replaced too. Failures surface as Spring's {@link MailException}s,
 * as {@link JavaMailSenderImpl} reports them, so {@link MailFailures} tells them apart the same way.
 */
@Component
public class SmtpConnection implements DisposableBean {

    static final long MAX_IDLE_MILLIS = 60_000;

    private final JavaMailSenderImpl settings;
    private final Clock clock;
    private Transport open;
    private long lastUsed;

    public SmtpConnection(JavaMailSenderImpl settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A message to fill in, of the relay's session. */
    public MimeMessage createMimeMessage() {
        return settings.createMimeMessage();
    }

    public synchronized void send(MimeMessage message) throws MailException {
        Transport transport = connected();
        try {
            if (message.getSentDate() == null) {
                message.setSentDate(new Date(clock.millis()));
            }
            message.saveChanges();
            Address[] recipients = message.getAllRecipients();
            transport.sendMessage(message, recipients != null ? recipients : new Address[0]);
            lastUsed = clock.millis();
        } catch (MessagingException failure) {
            close(); // whatever state the conversation is in, the next mail starts on a fresh connection
            throw new MailSendException(Map.of(message, failure));
        }
    }

    private Transport connected() {
        if (open != null && (clock.millis() - lastUsed > MAX_IDLE_MILLIS || !open.isConnected())) {
            close();
        }
        if (open == null) {
            try {
                Transport transport = settings.getSession().getTransport(
                        settings.getProtocol() == null ? "smtp" : settings.getProtocol());
                transport.connect(settings.getHost(), settings.getPort(), emptyAsNull(settings.getUsername()),
                        emptyAsNull(settings.getPassword()));
                open = transport;
            } catch (AuthenticationFailedException refused) {
                throw new MailAuthenticationException(refused);
            } catch (MessagingException unreachable) {
                throw new MailSendException("Mail server connection failed", unreachable);
            }
        }
        return open;
    }

    private synchronized void close() {
        if (open != null) {
            try {
                open.close();
            } catch (MessagingException alreadyGone) {
                // the relay closed it first: nothing left to release
            }
            open = null;
        }
    }

    @Override
    public void destroy() {
        close();
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
