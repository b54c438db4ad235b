import Foundation
import Testing

struct CompareCommandTests {
  @Test(arguments: Backend.available) func variantsAreRankedAndTheCheapestMarked(backend: Backend)
    throws
  {
    let sandbox = try Sandbox(backend: backend)
    try sandbox.succeed(["gpu", "update", "h100-sxm", "--price", "3.5"])
    try sandbox.succeed(["gpu", "update", "a100-80gb", "--price", "1.8"])
    let rows = try #require(
      try sandbox.succeed([
        "compare", "seed-chat", "--gpu", "a100-80gb,h100-sxm,l4", "--precision", "fp16,fp8",
        "--format", "json",
      ]).json() as? [[String: Any]])
    #expect(rows.count == 6)
    // H100 at fp8: 989.4 × 2 TFLOP/s → QPS 659.6 → ⌈11,574.07 ÷ 659.6⌉ = 18 GPUs.
    #expect(rows[0]["gpu_id"] as? String == "h100-sxm")
    #expect(rows[0]["precision"] as? String == "fp8")
    #expect(rows[0]["gpus_required"] as? Int == 18)
    #expect(rows[0]["cheapest"] as? Bool == true)
    #expect(rows.filter { $0["cheapest"] as? Bool == true }.count == 1)
    let costs = rows.compactMap { $0["monthly_cost"] as? Double }
    #expect(costs == costs.sorted())
    let a100fp8 = try #require(
      rows.first { $0["gpu_id"] as? String == "a100-80gb" && $0["precision"] as? String == "fp8" })
    #expect(a100fp8["meets_load"] as? Bool == false)
    #expect((a100fp8["problem"] as? String ?? "").contains("no fp8 peak"))
    #expect(
      try sandbox.succeed(["sql", "SELECT count(*) AS n FROM estimates", "--format", "csv"]).stdout
        == "n\n0\n")
  }

  @Test(arguments: Backend.available) func latencyLimitExcludesSlowVariants(backend: Backend) throws
  {
    let sandbox = try Sandbox(backend: backend)
    let rows = try #require(
      try sandbox.succeed([
        "compare", "seed-chat", "--gpu", "a100-80gb,h100-sxm", "--max-latency", "5ms", "--format",
        "json",
      ]).json() as? [[String: Any]])
    // A100 at fp16: 9.615 ms > 5 ms; H100: 3.03 ms.
    #expect(rows.map { $0["gpu_id"] as? String } == ["h100-sxm", "a100-80gb"])
    #expect(rows[1]["meets_load"] as? Bool == false)
    #expect(rows[0]["cheapest"] as? Bool == true)
  }
}
