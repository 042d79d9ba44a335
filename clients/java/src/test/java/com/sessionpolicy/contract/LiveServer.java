package com.sessionpolicy.contract;

import com.sessionpolicy.v1.SessionPolicyAdminServiceGrpc;
import com.sessionpolicy.v1.SessionPolicyAdminServiceGrpc.SessionPolicyAdminServiceBlockingStub;
import com.sessionpolicy.v1.SessionPolicyResolverServiceGrpc;
import com.sessionpolicy.v1.SessionPolicyResolverServiceGrpc.SessionPolicyResolverServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway service started with {@code bash scripts/serve-for-tests.sh} from the repo root (dev
 * mode, embedded FerretDB in a temp dir, a free port), and a plaintext channel to it. The script
 * prints {@code READY <port> <admin-token>} when it is ready and cleans up on SIGTERM, which
 * {@link #close()} sends; a JVM shutdown hook sends it too if the run is cut short.
 */
public final class LiveServer implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("READY (\\d+) (\\S+)");
  private static final long START_TIMEOUT_SECONDS = 300;
  private static final long CALL_DEADLINE_SECONDS = 15;

  private final Process process;
  private final Path stderrLog;
  private final Thread shutdownHook;
  private final ManagedChannel channel;
  private final String adminToken;
  private boolean closed;

  private LiveServer(Process process, Path stderrLog, int port, String adminToken) {
    this.process = process;
    this.stderrLog = stderrLog;
    this.adminToken = adminToken;
    this.shutdownHook = new Thread(this::stopProcess, "stop serve-for-tests");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  public static LiveServer start() throws IOException, InterruptedException {
    Path repoRoot = Path.of(System.getProperty("sessionpolicy.repoRoot", "../..")).toRealPath();
    Path logDir = Path.of(System.getProperty("sessionpolicy.serveLog", "target/serve-for-tests.log"))
        .toAbsolutePath().getParent();
    Files.createDirectories(logDir);
    Path stderrLog = logDir.resolve("serve-for-tests.log");
    ProcessBuilder builder = new ProcessBuilder("bash", "scripts/serve-for-tests.sh")
        .directory(repoRoot.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.to(stderrLog.toFile()));
    // Keep the service's own log (the script's default lives in its temp dir, removed on stop).
    builder.environment().put("SERVE_LOG", logDir.resolve("service.log").toString());
    Process process = builder.start();

    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = READY.matcher(line.trim());
          if (!ready.isDone() && m.matches()) ready.complete(m);
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IllegalStateException("serve-for-tests.sh ended before READY"));
    }, "serve-for-tests stdout");
    reader.setDaemon(true);
    reader.start();

    try {
      Matcher m = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new LiveServer(process, stderrLog, Integer.parseInt(m.group(1)), m.group(2));
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      stop(process);
      throw new IllegalStateException("the service did not start: " + e.getMessage()
          + "\n--- " + stderrLog + " ---\n" + tail(stderrLog), e);
    }
  }

  /** Metadata of the dev-mode admin token: a principal allowed to administer everything. */
  public Metadata adminHeaders() {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + adminToken);
    return headers;
  }

  /** Admin stub as the admin token, with a fresh deadline (create one per call). */
  public SessionPolicyAdminServiceBlockingStub admin() {
    return SessionPolicyAdminServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(adminHeaders()))
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** Resolver stub as the admin token, with a fresh deadline (create one per call). */
  public SessionPolicyResolverServiceBlockingStub resolver() {
    return SessionPolicyResolverServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(adminHeaders()))
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** Resolver stub that sends no credentials at all. */
  public SessionPolicyResolverServiceBlockingStub anonymousResolver() {
    return SessionPolicyResolverServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (closed) return;
    closed = true;
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run; nothing left to do.
    }
  }

  private void stopProcess() {
    stop(process);
  }

  /** SIGTERM to the script (it stops the service and removes its data), then force what is left. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) child.destroyForcibly();
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  Path stderrLog() {
    return stderrLog;
  }
}
