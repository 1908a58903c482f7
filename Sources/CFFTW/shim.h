// FFTW 3, double precision (Debian's libfftw3-dev): discrete Fourier transforms
// for the deconvolution example (EngineeringExamples) and the PLD accountant
// (PrivacyExamples); both plan under FECommon.FFTWPlannerLock.
#include <fftw3.h>
