package dev.attest.notification.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.attest.embedded.testing.MutableClock;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kept SMTP connection, against a real SMTP server behind a relay that counts and can cut connections. */
class SmtpConnectionTest {

    private final GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private CountingRelay relay;
    private MutableClock clock;
    private SmtpConnection smtp;

    @BeforeEach
    void start() throws IOException {
        server.start();
        relay = new CountingRelay(server.getSmtp().getPort());
        JavaMailSenderImpl settings = new JavaMailSenderImpl();
        settings.setHost("127.0.0.1");
        settings.setPort(relay.port());
        settings.setUsername("");
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        smtp = new SmtpConnection(settings, clock);
    }

    @AfterEach
    void stop() throws IOException {
        smtp.destroy();
        relay.close();
        server.stop();
    }

    @Test
    void mailAfterMailGoesOverOneConnection() throws Exception {
        for (int i = 0; i < 5; i++) {
            smtp.send(mail("ada@acme.test", "mail " + i));
        }
        assertThat(server.getReceivedMessages()).hasSize(5);
        assertThat(relay.accepted()).isEqualTo(1);
    }

    @Test
    void aConnectionTheRelayClosedIsReplacedBeforeTheNextMail() throws Exception {
        smtp.send(mail("ada@acme.test", "first"));
        relay.cutAll();
        smtp.send(mail("ada@acme.test", "second"));
        assertThat(server.getReceivedMessages()).hasSize(2);
        assertThat(relay.accepted()).isEqualTo(2);
    }

    @Test
    void aConnectionIdleForOverAMinuteIsNotTrusted() throws Exception {
        smtp.send(mail("ada@acme.test", "first"));
        clock.advance(Duration.ofMillis(SmtpConnection.MAX_IDLE_MILLIS + 1));
        smtp.send(mail("ada@acme.test", "second"));
        assertThat(server.getReceivedMessages()).hasSize(2);
        assertThat(relay.accepted()).isEqualTo(2);
    }

    @Test
    void aRelayThatIsAwayIsWaitedForAndUsedOnceBack() throws Exception {
        smtp.send(mail("ada@acme.test", "first"));
        relay.cutAll();
        relay.refuse();
        MimeMessage waiting = mail("ada@acme.test", "second");
        assertThatThrownBy(() -> smtp.send(waiting)).isInstanceOfSatisfying(MailSendException.class,
                away -> assertThat(MailFailures.permanentReason(away)).as("worth waiting for").isEmpty());
        relay.accept();
        smtp.send(waiting);
        assertThat(server.getReceivedMessages()).hasSize(2);
    }

    private MimeMessage mail(String to, String subject) throws Exception {
        MimeMessage message = smtp.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
        helper.setFrom("no-reply@attest.local");
        helper.setTo(to);
        helper.setSubject(subject);
        helper.setText("body of " + subject);
        return message;
    }

    /** A TCP relay in front of the SMTP server: counts connections, cuts them, refuses new ones on demand. */
    static final class CountingRelay implements AutoCloseable {

        private final ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean refusing;

        CountingRelay(int target) throws IOException {
            this.target = target;
            daemon(this::acceptAll);
        }

        int port() {
            return listening.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        void refuse() {
            refusing = true;
        }

        void accept() {
            refusing = false;
        }

        void cutAll() throws IOException {
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        }

        private void acceptAll() {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    if (refusing) {
                        client.close();
                        continue;
                    }
                    accepted.incrementAndGet();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    daemon(() -> pump(client, upstream));
                    daemon(() -> pump(upstream, client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void daemon(Runnable work) {
            Thread thread = new Thread(work, "counting-relay");
            thread.setDaemon(true);
            thread.start();
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException cut) {
                // one side went away
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing what is closed already
                }
            }
        }

        @Override
        public void close() throws IOException {
            listening.close();
            cutAll();
        }
    }
}
