package dev.trueup.notify;

import dev.trueup.secrets.SecretValue;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * E-mail over SMTP (Jakarta Mail): plain text, or plain text and HTML as alternatives. STARTTLS is
 * optional and, when asked for, required (no silent fallback to clear text). The password comes
 * from a secret and only reaches the SMTP authenticator.
 */
public final class EmailChannel implements NotificationChannel {

  /** SMTP settings; {@code user} defaults to the sender address when a password is given. */
  public record Smtp(
      String host,
      int port,
      boolean starttls,
      Optional<String> user,
      Optional<SecretValue> password,
      Duration timeout) {}

  private final String from;
  private final List<String> to;
  private final Smtp smtp;

  public EmailChannel(String from, List<String> to, Smtp smtp) {
    this.from = from;
    this.to = List.copyOf(to);
    this.smtp = smtp;
  }

  @Override
  public Delivery send(Payload message) {
    try {
      Session session = session();
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(from));
      for (String r : to) {
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(r));
      }
      m.setSubject(message.subject(), "UTF-8");
      m.setSentDate(new Date());
      if (message.html().isPresent()) {
        MimeMultipart alt = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html().get(), "UTF-8", "html");
        alt.addBodyPart(text);
        alt.addBodyPart(html);
        m.setContent(alt);
      } else {
        m.setText(message.text(), "UTF-8", "plain");
      }
      Transport.send(m);
      return Delivery.sent();
    } catch (MessagingException e) {
      return Delivery.failed("SMTP delivery failed (" + e.getClass().getSimpleName() + ")");
    } catch (RuntimeException e) {
      return Delivery.failed("SMTP delivery failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Session session() {
    Properties p = new Properties();
    String ms = Long.toString(smtp.timeout().toMillis());
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.connectiontimeout", ms);
    p.put("mail.smtp.timeout", ms);
    p.put("mail.smtp.writetimeout", ms);
    if (smtp.starttls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (smtp.password().isEmpty()) {
      return Session.getInstance(p);
    }
    p.put("mail.smtp.auth", "true");
    String user = smtp.user().orElse(from);
    SecretValue password = smtp.password().get();
    return Session.getInstance(
        p,
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(user, password.reveal());
          }
        });
  }

  @Override
  public String toString() {
    return "e-mail to " + to;
  }
}
