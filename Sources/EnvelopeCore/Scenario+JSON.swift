extension Scenario {
  /// The scenario as JSON, keyed as its `Codable` form, built without an encoder: sweeps
  /// write one per point.
  public var jsonValue: JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
    return .object([
      ("id", .string(id)), ("description", .string(description)), ("model_id", .string(modelID)),
      ("gpu_id", .string(gpuID)), ("precision", .string(precision.rawValue)),
      ("method", .string(method.rawValue)), ("tokens_per_request", number(tokensPerRequest)),
      ("daily_active_users", .number(dailyActiveUsers)),
      ("requests_per_user_per_day", .number(requestsPerUserPerDay)),
      ("request_bytes", .number(requestBytes)), ("response_bytes", .number(responseBytes)),
      ("profile_bytes", .number(profileBytes)), ("profile_users", number(profileUsers)),
      ("interactions_per_user_per_day", number(interactionsPerUserPerDay)),
      ("interaction_bytes", .number(interactionBytes)), ("index_ratio", .number(indexRatio)),
      ("days_per_month", .number(daysPerMonth)), ("input_tokens", number(inputTokens)),
      ("output_tokens", number(outputTokens)), ("batch", batch.map(JSONValue.integer) ?? .null),
      ("context_tokens", number(contextTokens)),
      ("bandwidth_efficiency", number(bandwidthEfficiency)),
      ("compute_efficiency", number(computeEfficiency)), ("peak_factor", number(peakFactor)),
      ("target_utilization", number(targetUtilization)),
      ("gpu_price_per_hour", number(gpuPricePerHour)),
      ("storage_price_per_tb_month", number(storagePricePerTBMonth)),
      ("egress_price_per_gb", number(egressPricePerGB)),
      ("currency", currency.map(JSONValue.string) ?? .null),
    ])
  }
}

extension ServingInputs {
  /// The inputs as JSON, keyed as their `Codable` form, built without an encoder.
  public var jsonValue: JSONValue {
    .object([
      ("parameters", .number(parameters)), ("precision", .string(precision.rawValue)),
      ("peak_flops", .number(peakFLOPS)), ("architecture_constant", .number(architectureConstant)),
      ("daily_active_users", .number(dailyActiveUsers)),
      ("requests_per_user_per_day", .number(requestsPerUserPerDay)),
      ("request_bytes", .number(requestBytes)), ("response_bytes", .number(responseBytes)),
      ("profile_bytes", .number(profileBytes)),
      ("profile_users", profileUsers.map(JSONValue.number) ?? .null),
      ("interactions_per_user_per_day", interactionsPerUserPerDay.map(JSONValue.number) ?? .null),
      ("interaction_bytes", .number(interactionBytes)), ("index_ratio", .number(indexRatio)),
      ("days_per_month", .number(daysPerMonth)),
    ])
  }
}
