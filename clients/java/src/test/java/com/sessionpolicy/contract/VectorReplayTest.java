package com.sessionpolicy.contract;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * Every case of test/vectors/*.json replayed over gRPC with the generated Java stubs against a live
 * server, one test per case named by the case. Cases run one after another (the application policy
 * is global); each case's organization ids carry a prefix unique to the case and the run, and so
 * do the session ids and subjects of revocation cases (revocations outlive the case).
 */
@ExtendWith(LiveServerExtension.class)
class VectorReplayTest {
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  @TestFactory
  Stream<DynamicTest> everySharedVectorOverGrpc(LiveServer server) throws Exception {
    Path repoRoot = Path.of(System.getProperty("sessionpolicy.repoRoot", "../..")).toRealPath();
    // -Dsessionpolicy.vectorsDir replays another directory of vectors (e.g. to check the comparison).
    Path vectors = Path.of(System.getProperty("sessionpolicy.vectorsDir", repoRoot.resolve("test/vectors").toString()));
    List<VectorCase> cases = VectorCase.loadAll(vectors);
    VectorReplay replay = new VectorReplay(server);
    String run = Long.toString(System.currentTimeMillis(), 36);
    return IntStream.range(0, cases.size()).mapToObj(i -> {
      VectorCase vectorCase = cases.get(i);
      return dynamicTest(vectorCase.name(), vectorCase.file().toUri(), () -> {
        VectorReplay.Outcome outcome = replay.replay(vectorCase, "java" + run + "-" + i + ".");
        if (!outcome.expected().equals(outcome.actual())) {
          String expected = PRETTY.toJson(outcome.expected());
          String actual = PRETTY.toJson(outcome.actual());
          throw new AssertionFailedError(vectorCase.name() + " (" + vectorCase.file().getFileName() + "): the server's answer"
              + " differs from the vector\nexpected: " + expected + "\nactual:   " + actual, expected, actual);
        }
      });
    });
  }
}
