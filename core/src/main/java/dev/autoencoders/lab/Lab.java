package dev.autoencoders.lab;

/**
 * The stub of a course lab's region. In the library the solution stands between two marker comments,
 * <pre>
 *   // @lab demo begin
 *   return w * h;
 *   // @lab demo end -> return Lab.todo("demo", "Shapes.area");
 * </pre>
 * and a student copy ({@code autoencoders lab student demo}) has the stub after {@code ->} in its place, so the copy
 * compiles and every use of the method fails with a message that names the lab and the method to write.
 * docs/labs/README.md describes the markers, the copies and the grader.
 */
public final class Lab {
    private Lab() {}

    /**
     * Always throws {@link LabTodoException}. Typed so that it stands wherever the solution stood: as a statement,
     * or as {@code return Lab.todo(...)} in a method of any return type.
     *
     * @param lab    the lab's id, e.g. {@code vae}
     * @param method what the student writes there, e.g. {@code DiagonalGaussian.rsample} (a method, or a part of one)
     */
    public static <T> T todo(String lab, String method) {
        throw new LabTodoException(lab, method);
    }
}
