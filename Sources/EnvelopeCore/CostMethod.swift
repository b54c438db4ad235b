/// The cost formulas: GPUs, egress and storage per month, and a training run.
///
/// Independent of how the GPUs, bytes and GPU-hours were estimated, so they apply to the seed
/// and roofline methods alike. Money is in the inputs' currency and never rounded here.
public enum CostMethod {
  /// Price of storing 10^12 bytes for a month when none is given: 23 (USD).
  ///
  /// A list-price ballpark: AWS S3 Standard's first tier lists 0.023 USD per GB-month
  /// (us-east-1). Override it with the price actually paid.
  public static let defaultStoragePricePerTBMonth = 23.0

  /// Price of sending 10^9 bytes to the internet when none is given: 0.09 (USD).
  ///
  /// A list-price ballpark: AWS's first tier of data transfer out to the internet lists
  /// 0.09 USD per GB. Override it with the price actually paid.
  public static let defaultEgressPricePerGB = 0.09

  /// The currency prices are in when none is given: `USD`.
  public static let defaultCurrency = "USD"

  /// Hours a GPU is billed in a month.
  ///
  /// hours per month = days per month × 24
  ///
  /// With the seed's 30-day month this is 720 h (some clouds bill 730 h, the calendar
  /// average); using the same month as storage keeps the monthly figures consistent.
  ///
  /// - Parameter daysPerMonth: Days in a month.
  /// - Returns: Hours.
  public static func hoursPerMonth(daysPerMonth: Double) -> Double {
    daysPerMonth * 24
  }

  /// Seconds in a month.
  ///
  /// seconds per month = days per month × 86,400
  ///
  /// - Parameter daysPerMonth: Days in a month.
  /// - Returns: Seconds.
  public static func secondsPerMonth(daysPerMonth: Double) -> Double {
    daysPerMonth * SeedMethod.secondsPerDay
  }

  /// Monthly price of running the fleet's GPUs around the clock.
  ///
  /// GPU cost = GPUs × price per GPU-hour × hours per month
  ///
  /// - Parameters:
  ///   - gpus: GPUs in the fleet.
  ///   - pricePerGPUHour: Price of one GPU for one hour.
  ///   - hoursPerMonth: Billed hours per month.
  /// - Returns: Money per month.
  public static func monthlyGPUCost(gpus: Double, pricePerGPUHour: Double, hoursPerMonth: Double)
    -> Double
  {
    gpus * pricePerGPUHour * hoursPerMonth
  }

  /// Monthly price of the responses sent out.
  ///
  /// egress cost = egress bytes/s × seconds per month ÷ 10^9 × price per GB
  ///
  /// - Parameters:
  ///   - egressBytesPerSecond: Average bytes per second sent out.
  ///   - secondsPerMonth: Seconds in a month.
  ///   - pricePerGB: Price of 10^9 bytes sent.
  /// - Returns: Money per month.
  public static func monthlyEgressCost(
    egressBytesPerSecond: Double, secondsPerMonth: Double, pricePerGB: Double
  ) -> Double {
    egressBytesPerSecond * secondsPerMonth / 1e9 * pricePerGB
  }

  /// Bytes stored at the end of a month when storage grows by a fixed amount each month.
  ///
  /// stored bytes(m) = initial bytes + m × bytes per month
  ///
  /// - Parameters:
  ///   - month: m, months since the start (1 for the first month).
  ///   - initialBytes: Bytes stored from the start (model weights, user profiles).
  ///   - bytesPerMonth: Bytes added each month.
  /// - Returns: Bytes.
  public static func storedBytes(month: Int, initialBytes: Double, bytesPerMonth: Double)
    -> Double
  {
    initialBytes + Double(month) * bytesPerMonth
  }

  /// Price of storing some bytes for one month.
  ///
  /// storage cost = stored bytes ÷ 10^12 × price per TB-month
  ///
  /// Billed on the bytes at the end of the month, the conservative side of a month's
  /// average.
  ///
  /// - Parameters:
  ///   - storedBytes: Bytes stored.
  ///   - pricePerTBMonth: Price of 10^12 bytes for a month.
  /// - Returns: Money for that month.
  public static func storageCost(storedBytes: Double, pricePerTBMonth: Double) -> Double {
    storedBytes / 1e12 * pricePerTBMonth
  }

  /// A month's total.
  ///
  /// monthly cost = GPU cost + egress cost + storage cost
  ///
  /// - Parameters:
  ///   - gpuCost: GPU cost of the month.
  ///   - egressCost: Egress cost of the month.
  ///   - storageCost: Storage cost of the month.
  /// - Returns: Money per month.
  public static func monthlyCost(gpuCost: Double, egressCost: Double, storageCost: Double)
    -> Double
  {
    gpuCost + egressCost + storageCost
  }

  /// Price of a training run's GPU time.
  ///
  /// training cost = GPU-hours × price per GPU-hour
  ///
  /// - Parameters:
  ///   - gpuHours: GPU-hours the run occupies.
  ///   - pricePerGPUHour: Price of one GPU for one hour.
  /// - Returns: Money.
  public static func trainingCost(gpuHours: Double, pricePerGPUHour: Double) -> Double {
    gpuHours * pricePerGPUHour
  }
}
