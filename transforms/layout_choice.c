#include "layout_choice.h"

#include "bitblas-c/Ops.h"
#include "conversion/gpu_desc.h"

#include "mlir-c/BuiltinAttributes.h"

typedef struct {
  MlirStringRef layout;
  BitblasLayoutFits fits;
} Choice;

static MlirWalkResult choose(MlirOperation op, void *userData) {
  const Choice *c = userData;
  MlirStringRef name = mlirStringRefCreateFromCString("bitblas.weight_layout");
  if (bitblasOpIsMatmul(op) && mlirAttributeIsNull(mlirOperationGetAttributeByName(op, name)) &&
      c->fits(op, c->layout))
    mlirOperationSetAttributeByName(
        op, name, mlirStringAttrGet(mlirOperationGetContext(op), c->layout));
  return MlirWalkResultAdvance;
}

void bitblasChooseWeightLayout(MlirOperation root, const char *layout, BitblasLayoutFits fits) {
  Choice c = {mlirStringRefCreateFromCString(layout), fits};
  mlirOperationWalk(root, choose, &c, MlirWalkPreOrder);
}

bool bitblasDecodeKernelsServe(MlirOperation op, MlirStringRef layout) {
  BitblasMatmulDesc d;
  double table[256];
  return bitblasMatmulDescFromOpAs(op, layout, &d, table) == NULL;
}
