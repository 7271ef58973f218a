import { z } from "zod";
import { LEVELS } from "@/lib/domain/agreement/krippendorff";

/** The measurement level of a file of ratings (it decides Krippendorff's distance metric). */
export const levelSchema = z.enum(LEVELS, { error: `level must be one of ${LEVELS.join(", ")}` });
