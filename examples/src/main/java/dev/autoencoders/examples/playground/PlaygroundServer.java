package dev.autoencoders.examples.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The playground on the web: the JDK's own HTTP server ({@code com.sun.net.httpserver}), bound to 127.0.0.1 only,
 * serving the static page from the class path ({@code /playground/}) and the JSON API of {@link PlaygroundApi}.
 * Requests are answered by a pool of threads, so a slow one (a PixelCNN stream) does not hold up the others.
 * A request whose Host header is not this machine's loopback name is refused (a web page elsewhere cannot drive the
 * playground through DNS rebinding). Errors are JSON {@code {"error": "..."}}: 400 for a bad request, 404, 405,
 * 500 for a bug, never a stack trace.
 */
final class PlaygroundServer implements AutoCloseable {
    /** Files of the page, the only paths outside /api/ that are served. */
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/playground.js", "playground.js", "/playground.css", "playground.css");

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final PlaygroundApi api;
    private final boolean debug;

    /**
     * Binds 127.0.0.1:{@code port} (0: a free port) and starts answering.
     *
     * @throws IOException when the port cannot be bound (e.g. in use)
     */
    PlaygroundServer(Playground playground, int port) throws IOException {
        this.api = new PlaygroundApi(playground);
        this.debug = playground.config.debug();
        // TCP_NODELAY on the server's sockets: the server writes a response's headers and body apart, and with Nagle's
        // algorithm the body waits for the client's delayed ACK of the headers, about 40 ms, on every kept-alive request
        // (read once, when the JDK's server starts its first instance in this JVM)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        this.server = HttpServer.create(new InetSocketAddress(loopback, port), 64);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "playground-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port the server listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The page's address. */
    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getPath();
            if (!hostIsLoopback(ex.getRequestHeaders().getFirst("Host"))) {
                error(ex, 403, "the playground answers only requests to 127.0.0.1 or localhost");
            } else if (path.startsWith("/api/")) {
                api.handle(ex, path.substring("/api/".length()));
            } else if (STATIC.containsKey(path)) {
                if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) error(ex, 405, path + " takes GET");
                else page(ex, STATIC.get(path));
            } else {
                error(ex, 404, "no such page: " + path);
            }
        } catch (BadRequest e) {
            error(ex, 400, e.getMessage());
        } catch (PlaygroundApi.NotFound e) {
            error(ex, 404, e.getMessage());
        } catch (PlaygroundApi.WrongMethod e) {
            error(ex, 405, e.getMessage());
        } catch (IOException e) {
            // the browser went away (a superseded request): nothing to answer
        } catch (RuntimeException | Error e) {
            String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage().strip();
            System.err.println("playground: " + ex.getRequestURI() + ": internal error: " + m);
            if (debug) e.printStackTrace();
            error(ex, 500, "internal error: " + m);
        } finally {
            ex.close();
        }
    }

    static boolean hostIsLoopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && !h.endsWith("]")) h = h.substring(0, colon);
        return h.equals("127.0.0.1") || h.equals("localhost");
    }

    private void page(HttpExchange ex, String file) throws IOException {
        byte[] body;
        try (InputStream in = PlaygroundServer.class.getResourceAsStream("/playground/" + file)) {
            if (in == null) throw new IllegalStateException("the page's file " + file + " is missing from the class path");
            body = in.readAllBytes();
        }
        String type = file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        send(ex, 200, type, body);
    }

    /** Sends a whole response. */
    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(value));
    }

    /** An error as JSON; if the response has already begun (a stream), there is nothing more to send. */
    private static void error(HttpExchange ex, int status, String message) {
        if (ex.getResponseCode() != -1) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        try {
            json(ex, status, m);
        } catch (IOException e) {
            // the browser went away
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
