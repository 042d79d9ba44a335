package com.sessionpolicy.contract;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A failed call's google.rpc.Status, decoded from the grpc-status-details-bin trailer: the gRPC code,
 * the ErrorInfo (reason, domain, metadata) and every BadRequest field violation.
 */
record ErrorDetails(Status.Code code, String message, ErrorInfo errorInfo, List<BadRequest.FieldViolation> violations) {

  static ErrorDetails of(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      throw new AssertionError("no google.rpc.Status details on " + e.getStatus(), e);
    }
    if (status.getCode() != e.getStatus().getCode().value()) {
      throw new AssertionError("google.rpc.Status code " + status.getCode() + " differs from the call's " + e.getStatus().getCode());
    }
    ErrorInfo info = null;
    List<BadRequest.FieldViolation> violations = new ArrayList<>();
    try {
      for (Any detail : status.getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          if (info != null) throw new AssertionError("more than one ErrorInfo in " + status);
          info = detail.unpack(ErrorInfo.class);
        } else if (detail.is(BadRequest.class)) {
          violations.addAll(detail.unpack(BadRequest.class).getFieldViolationsList());
        }
      }
    } catch (InvalidProtocolBufferException ex) {
      throw new AssertionError("undecodable error detail in " + status, ex);
    }
    if (info == null) throw new AssertionError("no google.rpc.ErrorInfo in " + status);
    return new ErrorDetails(e.getStatus().getCode(), status.getMessage(), info, List.copyOf(violations));
  }

  /** Violations as sorted "field constraint" pairs (constraint = FieldViolation.reason). */
  List<String> violationPairs() {
    return violations.stream()
        .map(v -> v.getField() + " " + v.getReason())
        .sorted(Comparator.naturalOrder())
        .toList();
  }
}
