package dev.trueup.driver.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.trueup.secrets.Scrubber;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Makes sure the engine has an image: inspected first, pulled within the pull deadline if not. */
final class ImagePull {
  private ImagePull() {}

  static void ensureImage(EngineConnection engine, String image) throws DockerApplyException {
    try {
      engine.client().inspectImageCmd(image).exec();
      return;
    } catch (NotFoundException absent) {
      // Pull it below.
    }
    Duration limit = engine.settings().pull();
    PullWatch watch = new PullWatch();
    try {
      boolean done =
          engine
              .client()
              .pullImageCmd(image)
              .exec(watch)
              .awaitCompletion(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        watch.close();
        throw new DockerApplyException(
            "image "
                + image
                + " is not on the engine and pulling it took longer than "
                + limit.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerApplyException("interrupted while pulling " + image);
    } catch (RuntimeException | java.io.IOException e) {
      watch.failed(e);
    }
    if (watch.error != null) {
      throw new DockerApplyException(
          "image "
              + image
              + " is not on the engine and cannot be pulled (is its registry"
              + " reachable from the node?): "
              + watch.error);
    }
    try {
      engine.client().inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new DockerApplyException("image " + image + " is still absent after pulling it");
    }
  }

  /** Follows a pull: remembers the engine's error instead of logging it. */
  private static final class PullWatch
      extends ResultCallback.Adapter<com.github.dockerjava.api.model.PullResponseItem> {
    volatile String error;

    @Override
    public void onNext(com.github.dockerjava.api.model.PullResponseItem item) {
      if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
        error = item.getErrorDetail().getMessage();
      } else if (item.getError() != null) {
        error = item.getError();
      }
    }

    @Override
    public void onError(Throwable throwable) {
      failed(throwable);
      try {
        close();
      } catch (java.io.IOException e) {
        // Closing a finished pull.
      }
    }

    void failed(Throwable e) {
      if (error == null) {
        error = Failures.describe(e, Scrubber.none());
      }
    }
  }
}
