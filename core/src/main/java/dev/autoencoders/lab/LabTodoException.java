package dev.autoencoders.lab;

/**
 * Thrown by {@link Lab#todo}: a lab's method has not been written yet. The grader reports a test that ends with this
 * exception as {@code TODO} rather than {@code FAIL}.
 */
public final class LabTodoException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    private final String lab;
    private final String method;

    public LabTodoException(String lab, String method) {
        super("lab " + lab + ": " + method + " is yours to write (docs/labs/" + lab + ".md)");
        this.lab = lab;
        this.method = method;
    }

    /** The lab's id. */
    public String lab() {
        return lab;
    }

    /** The method to write, e.g. {@code DiagonalGaussian.rsample}. */
    public String method() {
        return method;
    }
}
