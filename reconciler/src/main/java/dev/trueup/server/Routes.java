package dev.trueup.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method and path → handler. A path no route has is a JSON 404; a path whose routes take other
 * methods is a JSON 405 naming them in {@code Allow}. HEAD is answered wherever GET is.
 */
final class Routes {
  interface Handler {
    void handle(HttpExchange ex, Matcher path) throws IOException;
  }

  private record Route(String method, Pattern path, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();

  Routes get(String path, Handler h) {
    return add("GET", path, h);
  }

  Routes post(String path, Handler h) {
    return add("POST", path, h);
  }

  /** {@code path} is a regular expression over the whole path; its groups reach the handler. */
  private Routes add(String method, String path, Handler h) {
    routes.add(new Route(method, Pattern.compile(path), h));
    return this;
  }

  void dispatch(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Matcher m = r.path().matcher(path);
      if (!m.matches()) {
        continue;
      }
      if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) {
        r.handler().handle(ex, m);
        return;
      }
      allowed.add(r.method());
      if (r.method().equals("GET")) {
        allowed.add("HEAD");
      }
    }
    if (allowed.isEmpty()) {
      Http.error(ex, 404, "no such endpoint");
    } else {
      Http.methodNotAllowed(ex, allowed);
    }
  }
}
