package dev.autoencoders.vq;

import dev.autoencoders.tensor.Tensor;

/**
 * What {@link VectorQuantizer#quantize} produces for encoder outputs {@code z_e: (N, D, H, W)}.
 *
 * @param output         the straight-through output {@code z_e + sg[z_q - z_e]}, {@code (N, D, H, W)}: its values are
 *                       {@code z_q}, its gradient goes to {@code z_e} unchanged; this is what the decoder reads
 * @param quantized      {@code z_q = e_{k}}, the chosen codebook rows, {@code (N, D, H, W)} (gradient to the codebook)
 * @param vectors        the encoder outputs as rows {@code (N*H*W, D)}, without a graph (for the EMA update and restarts)
 * @param codes          the chosen code of every grid position, {@code N*H*W} indices in row-major {@code (n, h, w)} order
 * @param n              batch size N
 * @param height         grid height H
 * @param width          grid width W
 * @param codebookLoss   {@code ||sg[z_e] - z_q||^2}, mean over the N D H W elements (gradient only to the codebook)
 * @param commitmentLoss {@code ||z_e - sg[z_q]||^2}, mean over the elements (gradient only to the encoder)
 * @param loss           the quantizer's part of the training loss: {@code codebookLoss + beta commitmentLoss}, or
 *                       {@code beta commitmentLoss} when the codebook follows the EMA update instead
 */
public record Quantization(Tensor output, Tensor quantized, Tensor vectors, int[] codes, int n, int height, int width,
                           Tensor codebookLoss, Tensor commitmentLoss, Tensor loss) {}
