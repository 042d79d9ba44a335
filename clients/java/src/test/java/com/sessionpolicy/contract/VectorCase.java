package com.sessionpolicy.contract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** One case of test/vectors/*.json (format in test/vectors/README.md). */
record VectorCase(Path file, String name, JsonObject json) {

  /** Every case of every test/vectors/*.json, files in name order, cases in file order. */
  static List<VectorCase> loadAll(Path vectorsDir) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(vectorsDir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty()) throw new IllegalStateException("no vectors in " + vectorsDir);
    List<VectorCase> cases = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path file : files) {
      JsonArray array;
      try {
        array = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (JsonElement element : array) {
        JsonObject json = element.getAsJsonObject();
        String name = json.get("name").getAsString();
        if (!names.add(name)) throw new IllegalStateException("duplicate vector name " + name + " in " + file);
        cases.add(new VectorCase(file, name, json));
      }
    }
    return cases;
  }
}
