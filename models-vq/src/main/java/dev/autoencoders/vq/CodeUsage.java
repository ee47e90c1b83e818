package dev.autoencoders.vq;

/**
 * How evenly a codebook is used. With {@code c_k} the number of grid positions assigned to code k and
 * {@code p_k = c_k / sum_j c_j}:
 * <pre>
 *   perplexity = exp(H(p)) = exp(- sum_k p_k ln p_k)        (terms with p_k = 0 are 0)
 *   codes used = #{k : c_k > 0}
 * </pre>
 * The perplexity is the number of equally used codes that would give the same entropy: K for a uniformly used
 * codebook, 1 when a single code takes every position. A perplexity far below K is the "codebook collapse".
 */
public final class CodeUsage {
    private CodeUsage() {}

    /** {@code c_k}: how many of {@code codes} equal k, for k in [0, K). */
    public static long[] counts(int[] codes, int k) {
        long[] c = new long[k];
        for (int code : codes) {
            if (code < 0 || code >= k) throw new IllegalArgumentException("code " + code + " outside [0, " + k + ")");
            c[code]++;
        }
        return c;
    }

    /** {@code exp(- sum_k p_k ln p_k)} of the counts; 0 for no counts at all. */
    public static double perplexity(long[] counts) {
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0) return 0;
        double entropy = 0;
        for (long c : counts) {
            if (c == 0) continue;
            double p = (double) c / total;
            // H = - sum_k p_k ln p_k
            entropy -= p * Math.log(p);
        }
        return Math.exp(entropy);
    }

    /** The number of codes with a count > 0. */
    public static int used(long[] counts) {
        int u = 0;
        for (long c : counts) if (c > 0) u++;
        return u;
    }
}
