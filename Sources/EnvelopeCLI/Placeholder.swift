public enum _PEnvelopeCLI {}
