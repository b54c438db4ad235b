public enum _PEnvelopeStore {}
