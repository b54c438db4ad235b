-- Envelope ledger on PostgreSQL, schema version 11: a GPU's measured matmul curve.
-- migrations/sqlite/0011_matmul_throughput.sql translated as 0001 says; the column is text
-- holding JSON, as in SQLite, so that both backends read and copy it the same way.

ALTER TABLE gpus ADD COLUMN matmul_throughput text COLLATE "C"
  CHECK (matmul_throughput IS NULL OR jsonb_typeof(matmul_throughput::jsonb) = 'array');

UPDATE gpus SET matmul_throughput = '[{"precision":"fp16","size":1024,"flops_per_second":119400000000000},{"precision":"fp16","size":2048,"flops_per_second":221800000000000},{"precision":"fp16","size":4096,"flops_per_second":228000000000000},{"precision":"fp16","size":8192,"flops_per_second":253700000000000},{"precision":"fp16","size":16384,"flops_per_second":256500000000000}]',
  efficiency_source = CASE WHEN efficiency_source = '' THEN 'Matmul by size: cuBLASLt FP16 square products m = n = k from 1024 to 16384 on NVIDIA A100-SXM4-80GB, CUDA 12.5 (119.4 TFLOPS at 1024, 228.0 TFLOPS at 4096, 256.5 TFLOPS at 16384), Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef Azure_Results/ND_A100_v4_results.md ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).'
    ELSE efficiency_source || ' Matmul by size: cuBLASLt FP16 square products m = n = k from 1024 to 16384 on NVIDIA A100-SXM4-80GB, CUDA 12.5 (119.4 TFLOPS at 1024, 228.0 TFLOPS at 4096, 256.5 TFLOPS at 16384), Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef Azure_Results/ND_A100_v4_results.md ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).' END,
  updated_at = envelope_utc_now()
WHERE id = 'a100-80gb' AND matmul_throughput IS NULL;

UPDATE gpus SET matmul_throughput = '[{"precision":"fp8","size":1024,"flops_per_second":274100000000000},{"precision":"fp8","size":2048,"flops_per_second":1011300000000000},{"precision":"fp8","size":4096,"flops_per_second":1216900000000000},{"precision":"fp8","size":8192,"flops_per_second":1290100000000000},{"precision":"fp8","size":16384,"flops_per_second":1377300000000000},{"precision":"fp8","size":32768,"flops_per_second":1382200000000000}]',
  efficiency_source = CASE WHEN efficiency_source = '' THEN 'Matmul by size: cuBLASLt FP8 square products m = n = k from 1024 to 32768 on NVIDIA H100 80GB HBM3, CUDA 12.6 (274.1 TFLOPS at 1024, 1216.9 TFLOPS at 4096, 1382.2 TFLOPS at 32768), Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef Azure_Results/ND_H100_v5_results.md ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).'
    ELSE efficiency_source || ' Matmul by size: cuBLASLt FP8 square products m = n = k from 1024 to 32768 on NVIDIA H100 80GB HBM3, CUDA 12.6 (274.1 TFLOPS at 1024, 1216.9 TFLOPS at 4096, 1382.2 TFLOPS at 32768), Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef Azure_Results/ND_H100_v5_results.md ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).' END,
  updated_at = envelope_utc_now()
WHERE id = 'h100-sxm' AND matmul_throughput IS NULL;

UPDATE gpus SET matmul_throughput = '[{"precision":"fp8","size":1024,"flops_per_second":290800000000000},{"precision":"fp8","size":2048,"flops_per_second":1013400000000000},{"precision":"fp8","size":4096,"flops_per_second":1249100000000000},{"precision":"fp8","size":8192,"flops_per_second":1300600000000000},{"precision":"fp8","size":16384,"flops_per_second":1366300000000000},{"precision":"fp8","size":32768,"flops_per_second":1349500000000000}]',
  efficiency_source = CASE WHEN efficiency_source = '' THEN 'Matmul by size: cuBLASLt FP8 square products m = n = k from 1024 to 32768 on NVIDIA H200 141GB, CUDA 12.6 (290.8 TFLOPS at 1024, 1249.1 TFLOPS at 4096, 1349.5 TFLOPS at 32768), Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef Azure_Results/ND_H200_v5_results.md ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).'
    ELSE efficiency_source || ' Matmul by size: cuBLASLt FP8 square products m = n = k from 1024 to 32768 on NVIDIA H200 141GB, CUDA 12.6 (290.8 TFLOPS at 1024, 1249.1 TFLOPS at 4096, 1349.5 TFLOPS at 32768), Azure/AI-benchmarking-guide@8fd0c6e1bd0f853ef8f0500a3640a7d80a2a92ef Azure_Results/ND_H200_v5_results.md ''GEMM CuBLASLt'' table (Benchmarks/GEMMCublasLt.py).' END,
  updated_at = envelope_utc_now()
WHERE id = 'h200' AND matmul_throughput IS NULL;
