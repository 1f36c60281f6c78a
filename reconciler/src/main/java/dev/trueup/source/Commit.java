package dev.trueup.source;

import java.util.List;

/**
 * One commit as the commit log reports it.
 *
 * @param author {@code Name <email>}
 * @param body the message after the subject line and the blank line that follows it
 * @param trailers the {@code Key: value} footer lines, in order
 */
public record Commit(
    String id, String shortId, String author, String subject, String body, List<Trailer> trailers) {

  public record Trailer(String key, String value) {}

  public Commit {
    trailers = List.copyOf(trailers);
  }

  /** The whole message, subject and body, as it was written. */
  public String message() {
    return body.isEmpty() ? subject : subject + "\n\n" + body;
  }
}
