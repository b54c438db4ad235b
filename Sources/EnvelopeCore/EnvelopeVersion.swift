/// This Envelope's version, recorded with every ledger entry.
public enum EnvelopeVersion {
  public static let current = "0.1.0"
}
