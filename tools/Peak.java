// The floating-point peak of one core as the JVM sees it: twelve independent chains of vector fused multiply-adds,
// double and float, best of eight runs, GFLOP/s. The roof against which docs/performance.md sets the GEMM-bound workloads.
//   java --add-modules jdk.incubator.vector [-XX:UseAVX=2] tools/Peak.java
import jdk.incubator.vector.*;

public class Peak {
  static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static double d(long iters) {
    DoubleVector a0=DoubleVector.broadcast(D,1),a1=a0,a2=a0,a3=a0,a4=a0,a5=a0,a6=a0,a7=a0,a8=a0,a9=a0,a10=a0,a11=a0;
    DoubleVector m=DoubleVector.broadcast(D,0.9999999), c=DoubleVector.broadcast(D,1e-9);
    for (long i=0;i<iters;i++){ a0=a0.fma(m,c);a1=a1.fma(m,c);a2=a2.fma(m,c);a3=a3.fma(m,c);a4=a4.fma(m,c);a5=a5.fma(m,c);a6=a6.fma(m,c);a7=a7.fma(m,c);a8=a8.fma(m,c);a9=a9.fma(m,c);a10=a10.fma(m,c);a11=a11.fma(m,c);}
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
  }
  static float f(long iters) {
    FloatVector a0=FloatVector.broadcast(F,1),a1=a0,a2=a0,a3=a0,a4=a0,a5=a0,a6=a0,a7=a0,a8=a0,a9=a0,a10=a0,a11=a0;
    FloatVector m=FloatVector.broadcast(F,0.9999f), c=FloatVector.broadcast(F,1e-6f);
    for (long i=0;i<iters;i++){ a0=a0.fma(m,c);a1=a1.fma(m,c);a2=a2.fma(m,c);a3=a3.fma(m,c);a4=a4.fma(m,c);a5=a5.fma(m,c);a6=a6.fma(m,c);a7=a7.fma(m,c);a8=a8.fma(m,c);a9=a9.fma(m,c);a10=a10.fma(m,c);a11=a11.fma(m,c);}
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x){
    long n=50_000_000; double bd=0,bf=0; double sink=0;
    for (int r=0;r<8;r++){
      long t0=System.nanoTime(); sink+=d(n); long t1=System.nanoTime(); sink+=f(n); long t2=System.nanoTime();
      bd=Math.max(bd, 12.0*2*D.length()*n/(t1-t0)); bf=Math.max(bf, 12.0*2*F.length()*n/(t2-t1));
    }
    System.out.printf("lanes %d/%d  double peak %.1f GFLOP/s  float peak %.1f GFLOP/s (one core) %s%n", D.length(), F.length(), bd, bf, sink>0?"":" ");
  }
}
