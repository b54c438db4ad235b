import EnvelopeCore

/// One `--vary NAME=VALUES` of a sweep: the input varied and its values.
struct SweepVariation: ArgumentReader {
  var parameter: SweepParameter
  var axis: SweepAxis

  /// Reads `dau=1M,2M`, `dau=10M..1B:x2` or `gpu=a100-80gb,l4`.
  ///
  /// - Throws: ``Refusal`` naming what is wrong.
  static func read(_ text: String) throws -> SweepVariation {
    let (parameter, axis) = try SweepParameter.axis(text)
    return SweepVariation(parameter: parameter, axis: axis)
  }
}
