package dev.trueup.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Connections that send their headers at once and their body one byte a second, as a slowloris
 * client does; each knows when the server closed it and what status line (if any) it answered.
 */
final class SlowBodies implements AutoCloseable {
  /** One slow connection. */
  static final class Slow {
    private final Socket socket;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String statusLine = "";

    Slow(int port, String head) throws IOException {
      socket = new Socket("127.0.0.1", port);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write('{');
      out.flush();
      Thread.ofVirtual().name("slow-body-reader").start(this::readUntilClosed);
    }

    private void readUntilClosed() {
      StringBuilder line = new StringBuilder();
      try {
        InputStream in = socket.getInputStream();
        int c;
        while ((c = in.read()) >= 0) {
          if (c == '\n' && statusLine.isEmpty()) {
            statusLine = line.toString().trim();
          }
          line.append((char) c);
        }
      } catch (IOException e) {
        // reset or closed by us: ended either way
      } finally {
        ended.countDown();
      }
    }

    /** Sends one more byte of the body; false once the connection is gone. */
    boolean trickle() {
      try {
        socket.getOutputStream().write(' ');
        socket.getOutputStream().flush();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    boolean open() {
      return ended.getCount() > 0;
    }

    /** Waits until the server has closed the connection (bounded); true if it did. */
    boolean awaitClosed(long seconds) throws InterruptedException {
      return ended.await(seconds, TimeUnit.SECONDS);
    }

    /** The status line the server answered with, empty if none (yet). */
    String statusLine() {
      return statusLine;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private final List<Slow> open = new ArrayList<>();
  private final Thread trickler;

  SlowBodies() {
    trickler = Thread.ofVirtual().name("slow-body-trickler").start(this::trickleForever);
  }

  /**
   * A GitHub push whose headers carry a well-formed but forged signature (so its body must be read
   * before it can be refused) and announce 1,000 bytes.
   */
  static String forgedGitHubHead(String delivery) {
    return "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: 1000\r\n"
        + "X-GitHub-Event: push\r\nX-GitHub-Delivery: "
        + delivery
        + "\r\nX-Hub-Signature-256: sha256="
        + "0".repeat(64)
        + "\r\n\r\n";
  }

  Slow open(int port, String head) throws IOException {
    Slow s = new Slow(port, head);
    synchronized (open) {
      open.add(s);
    }
    return s;
  }

  List<Slow> openForged(int port, int count) throws IOException {
    List<Slow> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(open(port, forgedGitHubHead("slow-" + i)));
    }
    return out;
  }

  private void trickleForever() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (open) {
        open.forEach(Slow::trickle);
      }
    }
  }

  @Override
  public void close() {
    trickler.interrupt();
    synchronized (open) {
      open.forEach(Slow::close);
    }
  }
}
