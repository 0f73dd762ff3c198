/// CSV, XLSX and HTML renderers of the format-neutral report model.
public enum RenderingModule {}
