package com.sessionpolicy.contract;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one {@link LiveServer} for the whole run: started on first use, stopped when the
 * root extension context closes (after the last test class), whatever the outcome: JUnit closes
 * AutoCloseable values of the store.
 */
public final class LiveServerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LiveServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LiveServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LiveServer.class, key -> {
      try {
        return LiveServer.start();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the service", e);
      }
    }, LiveServer.class);
  }
}
