package dev.trueup.live;

import java.util.List;

/**
 * What one back end observed on a node beside the host's files and units (the container engine's
 * containers, a namespace's objects). A node's live state holds at most one part per type.
 */
public interface LivePart {

  /**
   * The part's facts, one line each in a stable order, quoted with {@link Facts} so that no value
   * can imitate a separator: what a saved plan's live fingerprint is made of.
   */
  List<String> facts();
}
