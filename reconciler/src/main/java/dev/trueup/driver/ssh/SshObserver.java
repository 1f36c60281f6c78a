package dev.trueup.driver.ssh;

import dev.trueup.driver.host.probe.ProbeFormatException;
import dev.trueup.driver.host.probe.ProbeParser;
import dev.trueup.driver.host.probe.ProbeScript;
import dev.trueup.live.Reachability;
import dev.trueup.model.Connection;
import dev.trueup.model.Node;
import dev.trueup.observe.LiveNode;
import dev.trueup.observe.NodeObserver;
import dev.trueup.observe.ObservationRequest;
import dev.trueup.observe.exec.ExecResult;
import dev.trueup.secrets.Scrubber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes ssh nodes: one probe script per observation, kept running on one connection per node
 * (see {@link KeptShell}) that stays open between calls until {@link #close()}. Calls for different
 * nodes may run in parallel; calls for the same node take turns.
 */
public final class SshObserver implements NodeObserver {

  private static final Logger log = LoggerFactory.getLogger(SshObserver.class);

  private final SshConnector connector;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  public SshObserver(SshConnector connector) {
    this.connector = connector;
  }

  /** A node's kept connection, and the connection settings it was opened with. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    Connection.Ssh opened;
    SshSession session;

    void drop() {
      if (session != null) {
        session.close();
      }
      session = null;
      opened = null;
    }
  }

  @Override
  public LiveNode observe(Node node, ObservationRequest request) {
    if (!(node.connection() instanceof Connection.Ssh ssh)) {
      return LiveNode.unreachable(node.name(), new Reachability.Unreachable("not an ssh node"));
    }
    byte[] input;
    try {
      input = ProbeScript.input(request, "");
    } catch (IllegalArgumentException e) {
      return LiveNode.unreachable(node.name(), new Reachability.Unreachable(e.getMessage()));
    }
    Slot slot = slots.computeIfAbsent(node.name(), n -> new Slot());
    slot.lock.lock();
    try {
      boolean reused = slot.session != null && slot.session.isOpen() && ssh.equals(slot.opened);
      try {
        return probe(node, request, input, session(slot, node, ssh, reused));
      } catch (SshFailure e) {
        if (!reused || e.deadlinePassed()) {
          slot.drop();
          return LiveNode.unreachable(node.name(), e.reachability());
        }
        // The kept connection may have died quietly since the last call (sshd restarted, NAT
        // expired): one fresh attempt before calling the node unreachable.
        log.debug("kept connection to {} failed, reconnecting", node.name());
        slot.drop();
        try {
          return probe(node, request, input, session(slot, node, ssh, false));
        } catch (SshFailure again) {
          slot.drop();
          return LiveNode.unreachable(node.name(), again.reachability());
        }
      }
    } finally {
      slot.lock.unlock();
    }
  }

  private SshSession session(Slot slot, Node node, Connection.Ssh ssh, boolean reused)
      throws SshFailure {
    if (reused) {
      return slot.session;
    }
    slot.drop();
    slot.session = connector.connect(node);
    slot.opened = ssh;
    return slot.session;
  }

  private LiveNode probe(Node node, ObservationRequest request, byte[] input, SshSession session)
      throws SshFailure {
    ExecResult result =
        session.call(
            ProbeScript.keptProgram(),
            ProbeScript.remoteCommand(),
            input,
            connector.settings().command().plus(request.busyTime()));
    if (result.exitCode() != 0) {
      return LiveNode.unreachable(
          node.name(),
          new Reachability.Unreachable(
              "probe exited " + result.exitCode() + ": " + result.stderrSummary(Scrubber.none())));
    }
    if (result.truncated()) {
      return LiveNode.unreachable(
          node.name(), new Reachability.Unreachable("probe output exceeded the cap"));
    }
    try {
      return ProbeParser.parse(node.name(), request, result.stdoutText());
    } catch (ProbeFormatException e) {
      return LiveNode.unreachable(node.name(), new Reachability.Unreachable(e.getMessage()));
    }
  }

  /**
   * The node's kept connection, opened if there is none (or it died): for commands that share it
   * with the observations (the health monitor's), each in a session of its own. The caller must not
   * close it.
   */
  public SshSession keptSession(Node node) throws SshFailure {
    if (!(node.connection() instanceof Connection.Ssh ssh)) {
      throw SshFailure.unreachable("not an ssh node");
    }
    Slot slot = slots.computeIfAbsent(node.name(), n -> new Slot());
    slot.lock.lock();
    try {
      boolean reused = slot.session != null && slot.session.isOpen() && ssh.equals(slot.opened);
      return session(slot, node, ssh, reused);
    } finally {
      slot.lock.unlock();
    }
  }

  /** The kept connection of a node, if any (for tests and the daemon's status page). */
  public java.util.Optional<String> connectionOf(String node) {
    Slot slot = slots.get(node);
    SshSession s = slot == null ? null : slot.session;
    return s != null && s.isOpen() ? java.util.Optional.of(s.where()) : java.util.Optional.empty();
  }

  @Override
  public void close() {
    for (Slot slot : slots.values()) {
      slot.lock.lock();
      try {
        slot.drop();
      } finally {
        slot.lock.unlock();
      }
    }
    slots.clear();
  }
}
