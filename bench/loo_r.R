# R side of bench/loo.mjs: times loo::psis on the log ratios and loo::loo(cores = 1) on the log-likelihood
# written by the Node script (float64, little-endian), and prints one JSON line with the medians and results.
# Usage: Rscript bench/loo_r.R DIR REPEATS   (Debian: apt-get install -y r-cran-loo)
suppressPackageStartupMessages(library(loo))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
repeats <- as.integer(args[2])
meta <- readLines(file.path(dir, "meta.txt"))
dims <- as.integer(strsplit(meta, " ")[[1]])
S <- dims[1]; N <- dims[2]; P <- dims[3]
# The Node script writes the [S, N] matrix row-major: byrow = TRUE reads it as R's column-major matrix.
ll <- matrix(readBin(file.path(dir, "ll.bin"), "double", n = S * N, endian = "little"), nrow = S, ncol = N, byrow = TRUE)
lr <- readBin(file.path(dir, "lr.bin"), "double", n = P, endian = "little")
med <- function(f) {
  invisible(f()) # one warm-up call, as on the Node side
  t <- numeric(repeats)
  for (i in seq_len(repeats)) t[i] <- system.time(v <- f())[["elapsed"]]
  list(seconds = median(t), value = v)
}
p <- med(function() suppressWarnings(pareto_k_values(psis(lr, r_eff = 1))))
l <- med(function() suppressWarnings(loo(ll, r_eff = rep(1, N), cores = 1))$estimates["elpd_loo", "Estimate"])
cat(sprintf('{"psisSeconds": %.6f, "psisKhat": %.17g, "looSeconds": %.6f, "elpdLoo": %.17g, "R": "%s", "loo": "%s"}\n',
            p$seconds, p$value, l$seconds, l$value, R.version.string, as.character(packageVersion("loo"))))
